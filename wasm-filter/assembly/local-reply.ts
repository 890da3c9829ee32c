// Replies the filter sends instead of the upstream's: JSON in the error shape of the
// provider the route belongs to (docs/architecture.md "Error shape"), with the stable code,
// the request id in body and header, and content-type application/json.
import { sendLocalResponse, serializePairs } from "./runtime/hostcalls";

export const enum Shape { Auto = 0, OpenAi = 1, Anthropic = 2, Google = 3 }

export function parseShape(s: string): i32 {
  if (s == "auto") return Shape.Auto;
  if (s == "openai") return Shape.OpenAi;
  if (s == "anthropic") return Shape.Anthropic;
  if (s == "google") return Shape.Google;
  return -1;
}

/** The provider of a request path, for Shape.Auto. */
export function shapeForPath(path: string): Shape {
  if (path.startsWith("/v1/messages") || path.startsWith("/anthropic/")) return Shape.Anthropic;
  if (path.startsWith("/v1beta/") || path.includes(":generateContent") || path.includes(":streamGenerateContent")) return Shape.Google;
  return Shape.OpenAi;
}

export function errorType(status: u32): string {
  if (status == 401) return "authentication_error";
  if (status == 403) return "aegis_policy_violation";
  if (status == 429) return "rate_limit_error";
  if (status == 503) return "service_unavailable";
  return "invalid_request_error";
}

function googleStatus(status: u32): string {
  if (status == 403) return "PERMISSION_DENIED";
  if (status == 404) return "NOT_FOUND";
  if (status == 503) return "UNAVAILABLE";
  return "INVALID_ARGUMENT";
}

/** Builds the JSON body. Inputs are ASCII without quotes or backslashes (codes, fixed messages, validated ids). */
export function errorBody(shape: Shape, status: u32, code: string, message: string, requestId: string): string {
  const type = errorType(status);
  if (shape == Shape.Anthropic) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\",\"code\":\"" + code +
      "\",\"request_id\":\"" + requestId + "\"}}";
  }
  if (shape == Shape.Google) {
    return "{\"error\":{\"code\":" + status.toString() + ",\"message\":\"" + message + "\",\"status\":\"" + googleStatus(status) +
      "\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"" + code +
      "\",\"domain\":\"aegis\",\"metadata\":{\"request_id\":\"" + requestId + "\",\"type\":\"" + type + "\"}}]}}";
  }
  return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":\"" + code +
    "\",\"param\":null,\"request_id\":\"" + requestId + "\"}}";
}

/** Sends the reply. The caller then returns StopIteration; Envoy sends it after the callback. */
export function sendError(shape: Shape, status: u32, code: string, message: string, requestId: string): void {
  const body = String.UTF8.encode(errorBody(shape, status, code, message, requestId));
  const headers = serializePairs(["content-type", "x-aegis-request-id"], ["application/json", requestId]);
  sendLocalResponse(status, "aegis_" + code, body, headers);
}
