// The console's only door to the server: fetch to /api/v1 with the bearer access token, and
// RFC 9457 problems turned into ApiError (French message + per-field errors). The typed client
// (`api`, one method per entry of the contract's endpoint table) is built on it in endpoints.ts.
import { ERRORS, codeOfStatus } from "@convergences/contract";
import type { Problem as ContractProblem } from "./types";

/** A problem document as received: the contract's shape, but a proxy or a crash may send less. */
export type Problem = Partial<ContractProblem> & { title: string; status: number };

let tokenSource: () => Promise<string | null> = async () => null;
let base = "/api/v1";

let onMfaRequired: () => void = () => {};

/** Set by the authentication layer: where the current access token comes from, and what to do when
 * the API says the person must sign in again with a second factor (MFA_REQUIRED). */
export function configureApi(options: { getToken: () => Promise<string | null>; baseUrl?: string; onMfaRequired?: () => void }): void {
  tokenSource = options.getToken;
  if (options.baseUrl) base = options.baseUrl;
  if (options.onMfaRequired) onMfaRequired = options.onMfaRequired;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }
  /** Field errors by field name ("lastName", "structureId"…), for the form that sent them. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.path.replace(/^\/?(body\.)?/, "").split(/[./]/)[0] ?? e.path;
      if (!out[key]) out[key] = e.message;
    }
    return out;
  }
  /** Someone else saved first (stale version). */
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }
}

/** When the answer carries no problem document: the message of the contract's one error table. */
function fallbackMessage(status: number): string {
  return ERRORS[codeOfStatus(status)].message;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One request to the API; a refusal or a failure is thrown as ApiError. */
export async function send(path: string, options: RequestOptions): Promise<Response> {
  const token = await tokenSource();
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || options.body instanceof Blob || options.body instanceof Uint8Array)
    body = options.body as BodyInit;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, { method: options.method ?? "GET", headers, body, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError({ title: fallbackMessage(0), status: 0 });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.problem.code === "MFA_REQUIRED") onMfaRequired();
    throw error;
  }
  return response;
}

async function toApiError(response: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {};
  try {
    problem = (await response.json()) as Partial<Problem>;
  } catch {
    // Not JSON (a proxy's error page): keep the status only.
  }
  const fallback = fallbackMessage(response.status);
  return new ApiError({
    ...problem,
    status: response.status,
    title: problem.title ?? fallback,
    detail: problem.detail ?? problem.title ?? fallback,
  });
}

/** Hands a CSV export (fetched with the token) to the browser under the server's file name. */
export async function saveDownload(response: Response, fallbackName: string): Promise<void> {
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.message;
  return "Une erreur inattendue est survenue. Veuillez réessayer.";
}
