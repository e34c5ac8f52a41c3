import { createRouter, createWebHashHistory } from "vue-router";
import { api, can, loadProfile } from "./api";
import SignIn from "./views/SignIn.vue";

// Sign-in is in the first chunk; every other page is its own chunk, loaded when first visited.
export const pages = [
  { path: "/dashboard", name: "dashboard", nav: "nav.dashboard", permission: "alarm:read", component: () => import("./views/Dashboard.vue") },
  { path: "/alarms", name: "alarms", nav: "nav.alarms", permission: "alarm:read", component: () => import("./views/AlarmBoard.vue") },
  { path: "/devices", name: "devices", nav: "nav.devices", permission: "device:read", component: () => import("./views/Devices.vue") },
  { path: "/work-orders", name: "workOrders", nav: "nav.workOrders", permission: "workorder:read", component: () => import("./views/WorkOrders.vue") },
  { path: "/visitors", name: "visitors", nav: "nav.visitors", permission: "visitor:read", component: () => import("./views/Visitors.vue") },
  { path: "/roster", name: "roster", nav: "nav.roster", permission: "alarm:read", component: () => import("./views/Roster.vue") },
  { path: "/bills", name: "bills", nav: "nav.bills", permission: "billing:read", component: () => import("./views/Bills.vue") },
  { path: "/notices", name: "notices", nav: "nav.notices", permission: "notice:read", component: () => import("./views/Notices.vue") },
  { path: "/votes", name: "votes", nav: "nav.votes", permission: "vote:read", component: () => import("./views/Votes.vue") },
  { path: "/parking", name: "parking", nav: "nav.parking", permission: "parking:read", component: () => import("./views/Parking.vue") },
  { path: "/patrol", name: "patrol", nav: "nav.patrol", permission: "patrol:read", component: () => import("./views/Patrol.vue") },
  { path: "/care", name: "care", nav: "nav.care", permission: "care:read", component: () => import("./views/Care.vue") },
  { path: "/warnings", name: "warnings", nav: "nav.warnings", permission: "warning:read", component: () => import("./views/Warnings.vue") },
  { path: "/staff", name: "staff", nav: "nav.staff", permission: "staff:manage", component: () => import("./views/Staff.vue") },
  { path: "/partners", name: "partners", nav: "nav.partners", permission: "partner:manage", component: () => import("./views/Partners.vue") },
  { path: "/audit", name: "audit", nav: "nav.audit", permission: "audit:read", component: () => import("./views/Audit.vue") },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", redirect: "/dashboard" },
    { path: "/login", name: "login", component: SignIn },
    ...pages.map(({ path, name, component, permission }) => ({ path, name, component, meta: { permission } })),
  ],
});

router.beforeEach(async (to) => {
  if (to.name === "login") return true;
  if (!api.session) return { name: "login" };
  await loadProfile();
  const permission = to.meta.permission as string | undefined;
  if (permission && !can(permission)) return { name: "dashboard" };
  return true;
});
