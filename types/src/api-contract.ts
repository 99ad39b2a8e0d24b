// The dashboard's API types (index.ts) held against the server's OpenAPI document (openapi.ts, generated
// from docs/openapi.json). Type-only: `tsc -p types` fails, naming the operation and the field, when a reply
// gains, loses or renames a field, or a field changes its type, its nullability or whether it is always sent.
//
// The types in index.ts stay written by hand because they say more than the document can: which strings
// a field may hold (BrowserName, Role, EventsInterval) and what each field means. A type may narrow a
// string, number or boolean of the document to some of its values, never widen one; where the document
// lists the values (an enum), the type must list the same ones. A field the document leaves open ({}, a
// JsonElement) takes whatever the type says.

import type * as Api from './index';
import type { OpenApiErrorReply, OpenApiReplies } from './openapi';

/** The dashboard's type for each operation that answers with JSON. */
export interface DashboardReplies {
  'POST /api/auth/login': Api.Me;
  'GET /api/auth/me': Api.Me;
  'GET /api/replays': Api.ReplayFeedPage;
  'GET /api/replays/{replayId}': Api.ReplayDetail;
  'GET /api/replays/{replayId}/chunks': Api.ReplayChunkPage;
  'GET /api/replays/{replayId}/events': Api.ReplayEventList;
  'GET /api/projects/{id}/settings': Api.ProjectSettings;
  'PUT /api/projects/{id}/settings': Api.ProjectSettings;
  'POST /api/projects/{id}/capture': Api.ProjectSettings;
  'PUT /api/projects/{id}/retention': Api.RetentionSetting;
  'GET /api/projects/{id}/quota': Api.QuotaStatus;
  'PUT /api/projects/{id}/quota': Api.QuotaStatus;
  'GET /api/projects/{id}/access-log': Api.AccessLogPage;
  'GET /api/projects/{id}/insights/events': Api.EventsReport;
  'GET /api/projects/{id}/insights/events/replays': Api.ReplayMomentList;
  'GET /api/projects/{id}/funnels': Api.FunnelReport;
  'GET /api/projects/{id}/funnels/replays': Api.ReplayMomentList;
  'GET /api/projects/{id}/funnels/top-events': Api.FunnelTopEvents;
  'GET /api/projects/{id}/funnels/top-events/replays': Api.ReplayMomentList;
  'GET /api/projects/{id}/heatmaps': Api.HeatmapReply;
  'GET /api/projects/{id}/heatmaps/replays': Api.ReplayMomentList;
  'GET /api/projects/{id}/import-secret': Api.ImportSecret;
  'GET /api/projects/{id}/event-definitions': Api.EventDefinitionList;
  'GET /api/projects/{id}/event-definitions/{name}': Api.EventDefinitionDetail;
  'PUT /api/projects/{id}/event-definitions/{name}': Api.EventDefinitionDetail;
  'GET /api/projects/{id}/event-definitions/{name}/replays': Api.ReplayMomentList;
  'GET /api/projects/{id}/people': Api.PeoplePage;
  'GET /api/projects/{id}/people/{distinctId}': Api.PersonProfile;
  'GET /api/projects/{id}/people/{distinctId}/activity': Api.PersonActivity;
}

type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;
type HasNull<T> = null extends T ? true : false;
type IsWide<S> = string extends S ? true : number extends S ? true : boolean extends S ? true : false;

/** Each difference between the dashboard's type T and the document's S, as a sentence saying where; never when they agree. */
export type Mismatches<T, S, At extends string> =
  unknown extends S ? never
  : HasNull<T> extends HasNull<S> ? ShapeMismatches<Exclude<T, null | undefined>, Exclude<S, null | undefined>, At>
  : HasNull<S> extends true ? `${At}: the server may send null, the type does not allow it`
  : `${At}: the type allows null, the server never sends it`;

type ShapeMismatches<T, S, At extends string> =
  [S] extends [readonly (infer SItem)[]]
    ? [T] extends [readonly (infer TItem)[]] ? Mismatches<TItem, SItem, `${At}[]`> : `${At}: a list on the wire, not in the type`
  : [S] extends [object]
    ? [T] extends [readonly unknown[]] ? `${At}: a list in the type, an object on the wire`
      : [T] extends [object] ? PropertyMismatches<T, S, At> : `${At}: an object on the wire, not in the type`
  : [T] extends [S]
    ? IsWide<S> extends true ? never : [S] extends [T] ? never : `${At}: the wire has values the type does not list`
  : `${At}: the type is not the wire's (${TypeName<S>})`;

type TypeName<S> = [S] extends [string] ? 'a string' : [S] extends [number] ? 'a number' : [S] extends [boolean] ? 'a boolean' : 'another type';

type PropertyMismatches<T, S, At extends string> =
  | { [K in Exclude<keyof S, keyof T> & string]: `${At}.${K}: on the wire, missing from the type` }[Exclude<keyof S, keyof T> & string]
  | { [K in Exclude<keyof T, keyof S> & string]: `${At}.${K}: in the type, never on the wire` }[Exclude<keyof T, keyof S> & string]
  | {
      [K in keyof T & keyof S & string]:
        | (IsOptional<T, K> extends IsOptional<S, K> ? never
          : IsOptional<S, K> extends true ? `${At}.${K}: sometimes absent on the wire, required in the type`
          : `${At}.${K}: always on the wire, optional in the type`)
        | Mismatches<Exclude<T[K], undefined>, Exclude<S[K], undefined>, `${At}.${K}`>;
    }[keyof T & keyof S & string];

/** Compiles only when T is never: a failure shows the sentences of T. */
type Agree<T extends never> = T;

// Intersected with string so the compiler's message lists every sentence rather than naming an alias.
type Listed<T> = [T] extends [never] ? never : T & string;

export type EveryReplyAgrees = Agree<Listed<{
  [Op in keyof OpenApiReplies]: Op extends keyof DashboardReplies
    ? Mismatches<DashboardReplies[Op], OpenApiReplies[Op], Op>
    : `${Op}: the server answers it, DashboardReplies gives it no type`;
}[keyof OpenApiReplies]>>;

export type NoReplyWithoutAnOperation = Agree<Listed<{
  [Op in Exclude<keyof DashboardReplies, keyof OpenApiReplies>]: `${Op}: in DashboardReplies, not in the document`;
}[Exclude<keyof DashboardReplies, keyof OpenApiReplies>]>>;

export type TheErrorReplyAgrees = Agree<Listed<Mismatches<Api.ApiError, OpenApiErrorReply, 'every error reply'>>>;
