"""In-app notifications and their mails: one ``notify`` call per event (docs/notifications.md)."""
