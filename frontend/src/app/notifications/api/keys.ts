/** Query keys of the notifications area: the bell's unread count and the list's pages share the prefix. */
export const notificationKeys = {
  all: ["notifications"] as const,
  unread: () => [...notificationKeys.all, "unread"] as const,
  pages: () => [...notificationKeys.all, "page"] as const,
  page: (params: object) => [...notificationKeys.pages(), params] as const,
};
