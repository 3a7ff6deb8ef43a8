import type { RomanianOf } from "./plural";

/** The in-app words of the RFQ notifications (platform/notifications/rfq_*templates.py send
 * the same events by mail): English and Romanian. Params as the services give them. */
export const rfqNotificationsEn = {
  "notification.rfq.invited": "{buyer_name} invites you to quote on “{title}” ({number}) by {deadline} UTC.",
  "notification.rfq.deadline_extended": "{buyer_name} moved the deadline of {number} to {deadline} UTC.",
  "notification.rfq.closed": "Request for quotes {number} is closed.",
  "notification.rfq.deadline_passed": "Your request for quotes {number} reached its deadline: compare the quotes.",
  "notification.rfq.cancelled": "Request for quotes {number} was cancelled. Reason: {reason}",
  "notification.rfq.quote_sent": "{supplier_name} sent a quote for {number}.",
  "notification.rfq.quote_declined": "{supplier_name} declined {number}. Reason: {reason}",
  "notification.rfq.quote_withdrawn": "{supplier_name} withdrew its quote for {number}. Reason: {reason}",
  "notification.rfq.countered": "A counter-offer on {number}: answer it with a new revision.",
  "notification.rfq.quote_expired": "A quote for {number} expired.",
  "notification.rfq.message": "A new message on {number}: {excerpt}",
  "notification.rfq.quote_approval_requested": "A quote for {number} ({total} {currency}) waits for your approval.",
  "notification.rfq.awarded": "{buyer_name} awarded you {number}.",
  "notification.rfq.lost": "{number} was awarded to another supplier.",
  "notification.rfq.award_mapping": "Map the awarded lines of {number} to your catalog ({lines}) for the contract list.",
};

export const rfqNotificationsRo: RomanianOf<typeof rfqNotificationsEn> = {
  "notification.rfq.invited": "{buyer_name} vă invită să ofertați pentru „{title}” ({number}) până la {deadline} UTC.",
  "notification.rfq.deadline_extended": "{buyer_name} a mutat termenul cererii {number} la {deadline} UTC.",
  "notification.rfq.closed": "Cererea de ofertă {number} s-a închis.",
  "notification.rfq.deadline_passed": "Cererea dumneavoastră de ofertă {number} a ajuns la termen: comparați ofertele.",
  "notification.rfq.cancelled": "Cererea de ofertă {number} a fost anulată. Motiv: {reason}",
  "notification.rfq.quote_sent": "{supplier_name} a trimis o ofertă pentru {number}.",
  "notification.rfq.quote_declined": "{supplier_name} a refuzat {number}. Motiv: {reason}",
  "notification.rfq.quote_withdrawn": "{supplier_name} și-a retras oferta pentru {number}. Motiv: {reason}",
  "notification.rfq.countered": "O contraofertă la {number}: răspundeți cu o revizie nouă.",
  "notification.rfq.quote_expired": "O ofertă pentru {number} a expirat.",
  "notification.rfq.message": "Un mesaj nou la {number}: {excerpt}",
  "notification.rfq.quote_approval_requested": "O ofertă pentru {number} ({total} {currency}) așteaptă aprobarea dvs.",
  "notification.rfq.awarded": "{buyer_name} v-a atribuit {number}.",
  "notification.rfq.lost": "{number} a fost atribuită altui furnizor.",
  "notification.rfq.award_mapping": "Asociați pozițiile atribuite din {number} cu catalogul dvs. ({lines}) pentru lista de contract.",
};
