// A small REST client: bearer token, JSON bodies, and RFC 9457 problem details turned into readable errors.

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly fields: Record<string, string[]> = {}) {
    super(message);
  }
}

export type TokenSource = () => string | null;

export class Api {
  constructor(private readonly token: TokenSource, private readonly onUnauthorized: () => void = () => {}) {}

  get<T>(path: string): Promise<T> {
    return this.send<T>("GET", path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>("POST", path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>("PUT", path, body);
  }

  async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw await problem(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function problem(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    const fields: Record<string, string[]> = body.errors ?? {};
    const detail = Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; ");
    return new ApiError(response.status, detail || body.detail || body.title || response.statusText, fields);
  } catch {
    return new ApiError(response.status, response.statusText || `HTTP ${response.status}`);
  }
}

export const tenantPath = (tenant: string, rest: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}${rest}`;
