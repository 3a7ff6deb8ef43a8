import { useEffect, useState } from "react";
import { useI18n } from "../../../i18n/context";

/** What is left until `deadline` from `now`, in whole units, largest first (for "2 d 4 h left"). */
export function remaining(deadline: string, now: Date): { days: number; hours: number; minutes: number } | null {
  const ms = new Date(deadline).getTime() - now.getTime();
  if (Number.isNaN(ms) || ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** Re-renders every `ms` while mounted: the countdown moves without a reload. */
function useNow(ms: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The quote deadline: its date and time, and how long is left ("passed" once it has). */
export function Countdown({ deadline }: { deadline: string }) {
  const { t, dateTime } = useI18n();
  const now = useNow(30_000);
  const left = remaining(deadline, now);
  const urgent = left !== null && left.days === 0;
  let text: string;
  if (left === null) text = t("rfq.deadlinePassed");
  else if (left.days > 0) text = t("rfq.leftDays", { days: left.days, hours: left.hours });
  else text = t("rfq.leftHours", { hours: left.hours, minutes: left.minutes });
  return (
    <span className={`rfq-countdown${urgent ? " rfq-countdown--urgent" : ""}${left === null ? " rfq-countdown--passed" : ""}`}>
      <time dateTime={deadline}>{dateTime(deadline)}</time> <span className="muted">({text})</span>
    </span>
  );
}
