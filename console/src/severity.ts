export const SEVERITIES = ["critical", "major", "minor", "warning", "indeterminate"] as const;
export const SEVERITY_COLOR: Record<string, string> = {
  critical: "#b42318",
  major: "#c4320a",
  minor: "#a15c07",
  warning: "#026aa2",
  indeterminate: "#475467",
};
export const SEVERITY_TAG: Record<string, "danger" | "warning" | "info" | "primary"> = {
  critical: "danger",
  major: "danger",
  minor: "warning",
  warning: "primary",
  indeterminate: "info",
};
