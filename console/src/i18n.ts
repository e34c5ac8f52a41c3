// zh-CN first, English on a switch. UI words live here; the names of the API's codes (alarm types, severities,
// statuses, device types, commands, timeline steps: every code on screen) come from the API's own catalogue,
// exported at build time (scripts/export_labels.py), never from a table here.
import { createI18n } from "vue-i18n";
import catalogue from "./generated/labels.json";

const zh = {
  app: { title: "智慧社区 · 值班控制台", signOut: "退出", language: "English", community: "社区", live: "实时", offline: "离线" },
  nav: { dashboard: "值班总览", alarms: "告警看板", devices: "设备", workOrders: "工单", visitors: "访客与通行", roster: "值班表", bills: "收费", audit: "审计日志", notices: "公告", votes: "业主表决", parking: "停车场", patrol: "巡更", care: "关爱对象", warnings: "预警", staff: "员工管理", partners: "合作方" },
  login: { title: "值班控制台登录", username: "用户名", password: "密码", submit: "登录", failed: "登录失败" },
  dash: {
    openAlarms: "未解除告警", bySeverity: "按等级", devices: "设备在线", online: "在线", offline: "离线",
    visitorsToday: "今日到访", workOrders: "工单", openOrders: "未完成工单", slaCompliance: "SLA 达标率",
    incomeMonth: "本月收入", refunds: "本月退款", noAccess: "无权限", arrears: "欠费合计",
  },
  alarms: {
    title: "告警看板", filterActive: "未解除", filterAll: "全部", severity: "等级", type: "类型", where: "位置",
    status: "状态", since: "发生时间", count: "次数", actions: "操作", acknowledge: "确认", clear: "解除",
    assign: "指派", timeline: "处理记录", commands: "联动指令", reason: "解除原因", assignee: "指派给",
    acknowledged: "已确认", cleared: "已解除", empty: "暂无告警", total: "共 {n} 条", details: "详情",
  },
  devices: { title: "设备", building: "楼栋", all: "全部楼栋", name: "名称", type: "类型", status: "状态", state: "最新状态", commands: "最近指令", online: "在线", offline: "离线" },
  workOrders: { title: "工单", pool: "待抢单", all: "全部工单", category: "类别", description: "描述", status: "状态", assignee: "处理人", responseDue: "响应时限", resolutionDue: "解决时限", overdue: "已超时", left: "剩余 {m} 分钟" },
  visitors: { title: "访客与通行", passes: "访客通行证", entries: "通行记录", visitor: "访客", reason: "事由", source: "来源", window: "有效期", direction: "方向", method: "方式", subject: "人员类别", plate: "车牌" },
  roster: {
    title: "值班表", onDuty: "当前值班", staff: "人员", area: "区域", everywhere: "全小区", days: "星期", hours: "时段", remove: "删除",
    day1: "一", day2: "二", day3: "三", day4: "四", day5: "五", day6: "六", day7: "日",
  },
  bills: { title: "收费", arrears: "各楼栋欠费", houses: "户数", bills: "账单数", unpaid: "欠费", refunds: "退款（需另一位经理审批）", amount: "金额", approve: "批准", reject: "驳回" },
  common: { save: "保存", cancel: "取消", submit: "提交", refresh: "刷新", day: "日期", note: "备注", reason: "原因", none: "暂无", saved: "已保存", name: "姓名", actions: "操作" },
  notices: {
    title: "公告", draft: "起草公告", noticeTitle: "标题", body: "正文", type: "类别", status: "状态", expires: "有效期至",
    published: "发布时间", readRate: "阅读率", approve: "审核通过", publish: "发布", save: "保存草稿", approvalNote: "草稿须由另一位工作人员审核后发布",
  },
  votes: {
    title: "业主表决", open: "发起表决", voteTitle: "事项", description: "说明", matter: "类别", status: "状态", closes: "截止时间",
    owners: "业主人数", area: "专有部分面积（㎡）", participation: "参与", agree: "同意", byOwners: "按人数", byArea: "按面积",
    threshold: "门槛", result: "表决结果", sealed: "结果已封存", digest: "摘要", liveNote: "表决进行中：参与表决的业主须占专有部分面积和业主人数的双三分之二；各选项截止后计票公布", submit: "发起",
  },
  parking: {
    title: "停车场", parks: "停车场", capacity: "车位", occupied: "在场", free: "空余", inside: "场内车辆", plate: "车牌", kind: "类型", status: "状态",
    entered: "入场时间", passages: "过车记录", direction: "方向", action: "处理", fee: "费用", revenue: "当日收入", ledger: "入账", orders: "订单数",
    reconciled: "对账一致", mismatched: "对账差异", release: "人工放行", barrier: "出口道闸", releaseKind: "放行方式", approve: "放行",
  },
  patrol: {
    title: "巡更", checkpoints: "巡更点", tag: "标签", building: "位置", report: "巡更报告", route: "路线", started: "开始时间", status: "状态",
    points: "巡更点数", read: "已打卡", late: "迟到", missed: "漏检", missedPoints: "漏检点", start: "开始巡更", plansNote: "巡更计划按路线自动生成每日巡更",
  },
  care: {
    title: "关爱对象", people: "关爱对象", person: "姓名", house: "房屋", categories: "类别", level: "关爱等级", guardians: "监护人",
    alerts: "关爱提醒", kind: "类型", raised: "提醒时间", acknowledge: "确认", resolve: "上门处理", visitedAt: "上门时间", outcome: "结果",
    health: "健康档案", conditions: "病史", medications: "用药", notes: "备注",
  },
  warnings: {
    title: "预警", kind: "预警类型", allKinds: "全部类型", subject: "对象", raised: "预警时间", status: "状态", acknowledge: "确认", resolve: "处理完毕",
    run: "立即检测", thresholds: "预警阈值", ran: "检测完成：新增 {n} 条",
    awayDays: "外出未归（天）", inNotOutDays: "只进不出（天）", unregisteredEntries: "未登记住户通行（次）", leftDays: "搬离未注销（天）",
    gatheringPersons: "聚集人数", cloneSeconds: "套牌间隔（秒）", nightPassages: "夜间通行（次）", zombieDays: "僵尸车（天）",
    frequentDailyPassages: "每日频繁进出（次）", vacancyEntries: "空置房通行（次）", groupRentalSubjects: "群租人数",
  },
  staff: {
    title: "员工管理", username: "用户名", name: "姓名", roles: "角色", status: "状态", active: "正常", disabled: "已停用", locked: "已锁定",
    lastLogin: "最近登录", invite: "新增员工", password: "初始密码", disable: "停用", enable: "启用",
  },
  shifts: { add: "添加班次", staff: "人员", area: "区域", days: "星期", start: "开始", end: "结束" },
  assign: { title: "指派", to: "指派给", auto: "自动派单（按技能轮派）", photos: "照片", none: "暂无照片" },
  partners: {
    title: "合作方", name: "名称", kind: "类型", communities: "授权社区", quota: "日配额 / 每分钟", status: "状态",
    usage: "{name} 的调用统计", resource: "数据", calls: "调用次数", records: "记录数", bytes: "数据量", noCalls: "当日无调用",
  },
  who: { system: "系统", staff: "工作人员" },
  audit: { title: "审计日志", at: "时间", operator: "操作人", operation: "操作", target: "对象", outcome: "结果" },
};

const en: typeof zh = {
  app: { title: "Smart community · Duty console", signOut: "Sign out", language: "中文", community: "Community", live: "Live", offline: "Offline" },
  nav: { dashboard: "Dashboard", alarms: "Alarm board", devices: "Devices", workOrders: "Work orders", visitors: "Visitors & entries", roster: "Duty roster", bills: "Billing", audit: "Audit log", notices: "Notices", votes: "Owners' votes", parking: "Parking", patrol: "Patrol", care: "Care register", warnings: "Warnings", staff: "Staff", partners: "Partners" },
  login: { title: "Duty console sign-in", username: "Username", password: "Password", submit: "Sign in", failed: "Sign-in failed" },
  dash: {
    openAlarms: "Open alarms", bySeverity: "By severity", devices: "Devices online", online: "Online", offline: "Offline",
    visitorsToday: "Visitors today", workOrders: "Work orders", openOrders: "Open work orders", slaCompliance: "SLA compliance",
    incomeMonth: "Income this month", refunds: "Refunds this month", noAccess: "Not permitted", arrears: "Arrears",
  },
  alarms: {
    title: "Alarm board", filterActive: "Open", filterAll: "All", severity: "Severity", type: "Type", where: "Where",
    status: "Status", since: "Raised", count: "Count", actions: "Actions", acknowledge: "Acknowledge", clear: "Clear",
    assign: "Assign", timeline: "Timeline", commands: "Linked commands", reason: "Reason", assignee: "Assign to",
    acknowledged: "Acknowledged", cleared: "Cleared", empty: "No alarms", total: "{n} in all", details: "Details",
  },
  devices: { title: "Devices", building: "Building", all: "All buildings", name: "Name", type: "Type", status: "Status", state: "Latest state", commands: "Recent commands", online: "Online", offline: "Offline" },
  workOrders: { title: "Work orders", pool: "Pool", all: "All", category: "Category", description: "Description", status: "Status", assignee: "Assignee", responseDue: "Respond by", resolutionDue: "Resolve by", overdue: "Overdue", left: "{m} min left" },
  visitors: { title: "Visitors & entries", passes: "Visitor passes", entries: "Entries", visitor: "Visitor", reason: "Purpose", source: "Source", window: "Valid", direction: "Direction", method: "Method", subject: "Who", plate: "Plate" },
  roster: {
    title: "Duty roster", onDuty: "On duty now", staff: "Staff", area: "Area", everywhere: "Whole community", days: "Days", hours: "Hours", remove: "Remove",
    day1: "Mon", day2: "Tue", day3: "Wed", day4: "Thu", day5: "Fri", day6: "Sat", day7: "Sun",
  },
  bills: { title: "Billing", arrears: "Arrears per building", houses: "Houses", bills: "Bills", unpaid: "Unpaid", refunds: "Refunds (a second manager approves)", amount: "Amount", approve: "Approve", reject: "Reject" },
  common: { save: "Save", cancel: "Cancel", submit: "Submit", refresh: "Refresh", day: "Day", note: "Note", reason: "Reason", none: "None", saved: "Saved", name: "Name", actions: "Actions" },
  notices: {
    title: "Notices", draft: "Draft a notice", noticeTitle: "Title", body: "Text", type: "Kind", status: "Status", expires: "Valid until",
    published: "Published", readRate: "Read rate", approve: "Approve", publish: "Publish", save: "Save draft", approvalNote: "A second staff member approves a draft before it is published",
  },
  votes: {
    title: "Owners' votes", open: "Open a vote", voteTitle: "Matter", description: "Description", matter: "Kind", status: "Status", closes: "Closes",
    owners: "Owners", area: "Private area (m²)", participation: "Took part", agree: "Agree", byOwners: "By owners", byArea: "By area",
    threshold: "Threshold", result: "Result", sealed: "Result sealed", digest: "Digest", liveNote: "Open: those taking part must hold two thirds of the area and be two thirds of the owners; the choices are counted and published at the deadline", submit: "Open",
  },
  parking: {
    title: "Parking", parks: "Car parks", capacity: "Spaces", occupied: "Inside", free: "Free", inside: "Cars inside", plate: "Plate", kind: "Kind", status: "Status",
    entered: "Entered", passages: "Passages", direction: "Direction", action: "Decision", fee: "Fee", revenue: "Revenue of the day", ledger: "In the ledger", orders: "Orders",
    reconciled: "Reconciled", mismatched: "Differences", release: "Manual release", barrier: "Exit barrier", releaseKind: "Release kind", approve: "Let in",
  },
  patrol: {
    title: "Patrol", checkpoints: "Checkpoints", tag: "Tag", building: "Where", report: "Patrol report", route: "Route", started: "Started", status: "Status",
    points: "Checkpoints", read: "Read", late: "Late", missed: "Missed", missedPoints: "Missed checkpoints", start: "Start a round", plansNote: "Plans start each day's rounds on their routes",
  },
  care: {
    title: "Care register", people: "People cared for", person: "Name", house: "House", categories: "Categories", level: "Care level", guardians: "Guardians",
    alerts: "Care alerts", kind: "Kind", raised: "Raised", acknowledge: "Acknowledge", resolve: "Record a visit", visitedAt: "Visited at", outcome: "Outcome",
    health: "Health record", conditions: "Conditions", medications: "Medications", notes: "Notes",
  },
  warnings: {
    title: "Warnings", kind: "Kind", allKinds: "All kinds", subject: "Subject", raised: "Raised", status: "Status", acknowledge: "Acknowledge", resolve: "Resolve",
    run: "Check now", thresholds: "Thresholds", ran: "Checked: {n} new",
    awayDays: "Away not back (days)", inNotOutDays: "In, not out (days)", unregisteredEntries: "Unregistered entries", leftDays: "Left, not deregistered (days)",
    gatheringPersons: "Gathering persons", cloneSeconds: "Cloned plate gap (s)", nightPassages: "Night passages", zombieDays: "Zombie car (days)",
    frequentDailyPassages: "Daily passages", vacancyEntries: "Empty house entries", groupRentalSubjects: "Group rental persons",
  },
  staff: {
    title: "Staff", username: "Username", name: "Name", roles: "Roles", status: "Status", active: "Active", disabled: "Disabled", locked: "Locked",
    lastLogin: "Last sign-in", invite: "Add staff", password: "Initial password", disable: "Disable", enable: "Enable",
  },
  shifts: { add: "Add shift", staff: "Staff", area: "Area", days: "Days", start: "From", end: "To" },
  assign: { title: "Assign", to: "Assign to", auto: "Automatic (by skill, in turn)", photos: "Photos", none: "No photos" },
  partners: {
    title: "Partners", name: "Name", kind: "Kind", communities: "Communities", quota: "Daily quota / per minute", status: "Status",
    usage: "Calls by {name}", resource: "Data", calls: "Calls", records: "Records", bytes: "Size", noCalls: "No calls that day",
  },
  who: { system: "System", staff: "Staff" },
  audit: { title: "Audit log", at: "Time", operator: "Operator", operation: "Operation", target: "Target", outcome: "Outcome" },
};

export type Locale = "zh-CN" | "en";
const saved = localStorage.getItem("console.locale");
export const i18n = createI18n({
  legacy: false,
  locale: saved === "en" ? "en" : "zh-CN",
  fallbackLocale: "zh-CN",
  messages: { "zh-CN": zh, en },
});

type Catalogue = Record<string, Record<string, Record<string, string>>>;

/** The API's name for a code (`label("alarm.severity", "critical")` -> 紧急), in the current language. */
export function label(kind: string, key: string | null | undefined): string {
  if (!key) return "";
  const locale = i18n.global.locale.value as Locale;
  return (catalogue as unknown as Catalogue)[locale]?.[kind]?.[key] ?? key;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem("console.locale", locale);
  document.documentElement.lang = locale;
}

/** Beijing time, as people in the duty room read it. */
export function beijing(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Date(iso).toLocaleString(i18n.global.locale.value === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    hour12: false,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

export function yuan(fen: number | null | undefined): string {
  return `¥${((fen ?? 0) / 100).toFixed(2)}`;
}

/** Today's date in Beijing, YYYY-MM-DD (the API's days are Beijing days). */
export function beijingToday(): string {
  return new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}

/** The end of a Beijing day (a date input's value) as an ISO instant. */
export function endOfBeijingDay(day: string): string {
  return new Date(`${day}T23:59:59+08:00`).toISOString();
}
