export { ApiClient, createClient, type ClientOptions } from "./client";
export { ApiError, NetworkError, SignedOutError, isApiError, type ErrorDetail } from "./errors";
export { fetchTransport, type FetchLike } from "./fetch";
export { operations, OPERATION_COUNT, type OperationId } from "./generated/operations";
export type { components, operations as OperationTypes, paths } from "./generated/schema";
export { memoryStore, wxStorageStore, type FreshAccess, type Session, type TokenStore, type TokenResponse } from "./session";
export type { Transport, TransportRequest, TransportResponse, WireMethod } from "./transport";
export type { CallArgs, CallOptions, Result } from "./types";
export {
  requestPayment,
  UploadRejectedError,
  uploadToForm,
  wxLoginCode,
  wxTransport,
  type PaymentParameters,
  type UploadForm,
  type WxLoginApi,
  type WxPaymentApi,
  type WxRequestApi,
  type WxStorageApi,
  type WxUploadApi,
} from "./wx";
