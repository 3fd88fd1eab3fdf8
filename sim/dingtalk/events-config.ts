// Timing of event delivery. Defaults are DingTalk's where known (ref §2.1, §2.3); tests make them small.
export interface EventsConfig {
  /** check_url must be answered within this (the console's 1500 ms, W5). */
  checkUrlTimeoutMs: number;
  /** One HTTP push attempt waits this long for the reply (UNCONFIRMED; 3 s like the TOP gateway's timeout). */
  pushTimeoutMs: number;
  /** Waits between HTTP push attempts; after the last failure the event is parked (DingTalk's schedule is UNCONFIRMED). */
  pushRetryDelaysMs: number[];
  /** Stream: an EVENT not acknowledged (or answered LATER) is sent again after this (about 60 s per S2). */
  streamAckTimeoutMs: number;
  /** Stream: SYSTEM ping every this many ms. */
  streamPingIntervalMs: number;
  /** Stream: a connection is closed after this many pings in a row went unanswered (design choice). */
  streamMaxMissedPings: number;
  /** Stream: after SYSTEM disconnect, the socket is closed this much later (about 10 s, S4). */
  streamDisconnectDelayMs: number;
  /** Stream: life of a connections/open ticket (90 s, S4). */
  streamTicketTtlMs: number;
}

export const DEFAULT_EVENTS_CONFIG: EventsConfig = {
  checkUrlTimeoutMs: 1500,
  pushTimeoutMs: 3000,
  pushRetryDelaysMs: [1000, 5000, 30_000],
  streamAckTimeoutMs: 60_000,
  streamPingIntervalMs: 30_000,
  streamMaxMissedPings: 3,
  streamDisconnectDelayMs: 10_000,
  streamTicketTtlMs: 90_000,
};
