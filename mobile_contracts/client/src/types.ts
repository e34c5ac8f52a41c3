// Types of one operation's arguments and result, derived from the generated `operations` interface.
import type { operations as Schema } from "./generated/schema";
import type { OperationId } from "./generated/operations";

type Op<Id extends OperationId> = Schema[Id];
type ParamsOf<O> = O extends { parameters: infer P } ? P : Record<string, never>;
type IsNever<T> = [T] extends [never] ? true : false;

type PathOf<O> = ParamsOf<O> extends { path: infer X } ? X : never;
type QueryOf<O> = ParamsOf<O> extends { query?: infer X } ? Exclude<X, undefined> : never;
type QueryRequired<O> = ParamsOf<O> extends { query: infer X } ? (IsNever<X> extends true ? false : true) : false;
type BodyOf<O> = O extends { requestBody: { content: infer C } } ? C[keyof C] : never;

type PathArg<O> = IsNever<PathOf<O>> extends true ? { path?: undefined } : { path: PathOf<O> };
type QueryArg<O> =
  IsNever<QueryOf<O>> extends true
    ? { query?: undefined }
    : QueryRequired<O> extends true
      ? { query: QueryOf<O> }
      : { query?: QueryOf<O> };
type BodyArg<O> = IsNever<BodyOf<O>> extends true ? { body?: undefined } : { body: BodyOf<O> };

/** Per-call options besides the operation's own parameters. */
export interface CallOptions {
  /** Overrides the client's timeout for this call (milliseconds). */
  timeoutMs?: number;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

/** What `call(id, args)` takes: `path`, `query` and `body` exactly as the contract declares them. */
export type CallArgs<Id extends OperationId> = PathArg<Op<Id>> & QueryArg<Op<Id>> & BodyArg<Op<Id>> & CallOptions;

type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
/** `args` may be left out when the operation has no required parameter. */
export type CallRest<Id extends OperationId> =
  IsNever<RequiredKeys<CallArgs<Id>>> extends true ? [args?: CallArgs<Id>] : [args: CallArgs<Id>];

type SuccessStatus = 200 | 201 | 202 | 204;
type ContentOf<R> = R extends { content: { "application/json": infer J } } ? J : void;
/** The success body (`void` for 204 and bodiless answers). */
export type Result<Id extends OperationId> =
  Op<Id> extends { responses: infer R } ? { [S in keyof R]: S extends SuccessStatus ? ContentOf<R[S]> : never }[keyof R] : never;
