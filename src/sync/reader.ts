/**
 * What a source of people gives the sync engine (./engine.ts): departments, parents first, then people
 * page by page. A DingTalk organisation (./dingtalk/reader.ts) and a CSV file (./csv/reader.ts) are
 * both one. Pages stream: no reader holds a whole organisation.
 */
import type { SyncedAttribute, SyncWarning } from './views.ts';

export interface UpstreamDepartment {
  /** Stable at the source (a DingTalk dept id; a CSV department path). */
  externalId: string;
  /** null for the root, which lands in the configured org unit. */
  parentExternalId: string | null;
  name: string;
}

export interface UpstreamPerson {
  /** Stable at the source (DingTalk userid; for CSV, the match key's value or the row number). */
  externalId: string;
  /** The key a login source binds (DingTalk unionId), when the source has one. */
  subject: string | null;
  /** Departments by externalId, the main one first; empty means the root. */
  departmentIds: string[];
  /** Activated at the source (DingTalk `active`); CSV rows say it with their status column. */
  active: boolean;
  /**
   * Mapped values. A key absent means the source did not send it (a field permission not granted,
   * a column not in the file) and the Portico value is left alone; null clears it.
   */
  values: Partial<Record<SyncedAttribute, string | null>>;
  avatarUrl?: string | null;
  /** Where a person came from, for messages: "row 5" for a CSV line. */
  origin?: string;
}

/** A row the reader could not read (CSV): the change list shows it as a conflict, naming row and column. */
export interface UpstreamProblem {
  externalId: string;
  name: string;
  code: string;
  detail: string;
}

export interface DirectoryReader {
  departments(): AsyncIterable<UpstreamDepartment>;
  /** Pages of people; one person may appear in several pages (once per department) and is merged. */
  people(): AsyncIterable<UpstreamPerson[]>;
  /** Problems found while reading (after people() is drained). */
  problems?(): UpstreamProblem[];
  /** How many people the source says it has, to spot a restricted permission scope. */
  expectedPeople?(): Promise<number | null>;
  /** Pages or departments that could not be fetched (after people() is drained): the run is incomplete and disables nobody. */
  fetchIssues?(): SyncWarning[];
  /** What the admin should know about the data (e.g. no mobiles came back: a field permission is missing). */
  warnings?(): SyncWarning[];
}
