import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schemas } from "../../../api/client";
import { notificationKeys } from "./keys";

export type Notification = Schemas["NotificationOut"];
type Page = Schemas["NotificationPage"];

const POLL_MS = 60_000;

/** The number of unread notifications, asked again every minute (the bell is a hint: a failed count keeps the last). */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: () => call(api.GET("/api/v1/notifications/unread-count")),
    refetchInterval: POLL_MS,
    select: (counted) => counted.unread,
  });
}

export function useNotifications(query: { limit: number; offset: number }) {
  return useQuery({
    queryKey: notificationKeys.page(query),
    queryFn: () => call(api.GET("/api/v1/notifications", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** One read: its row (on every cached page) and the bell's count change. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } })),
    onSuccess: async (updated) => {
      client.setQueriesData<Page>({ queryKey: notificationKeys.pages() }, (page) =>
        page && { ...page, unread: Math.max(0, page.unread - 1), items: page.items.map((n) => (n.id === updated.id ? updated : n)) },
      );
      await client.invalidateQueries({ queryKey: notificationKeys.unread() });
    },
  });
}

/** All read: every page and the bell change. */
export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/notifications/read-all")),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
