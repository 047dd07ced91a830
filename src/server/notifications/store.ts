export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface Notification {
  id: number;
  program: string;
  rolloutId: string | null;
  event: string;
  severity: "page" | "ticket" | "info";
  url: string;
  secretEnv: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface NotificationRepo {
  enqueue(n: Omit<Notification, "id">): Promise<Notification>;
  due(now: string, limit: number): Promise<Notification[]>;
  update(n: Notification): Promise<void>;
  list(filter: { program?: string | undefined; limit: number }): Promise<Notification[]>;
}
