// The plain input of the decision core: what the Check handler read from a CheckRequest.
import type { Finding } from './findings.js';
import type { Provider } from './provider.js';

export type FilterMode = 'enforce' | 'monitor';

export interface CheckInput {
  /** The decision id: the filter's x-aegis-request-id, else Envoy's request id. */
  readonly requestId: string;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly host: string;
  /** Header names lower-cased; repeated headers joined with ",". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Envoy sent only the first max_request_bytes of the body. */
  readonly bodyPartial: boolean;
  readonly provider: Provider;
  /** The filter's mode, or undefined when `x-aegis-filter` is absent (the filter was bypassed). */
  readonly filterMode: FilterMode | undefined;
  /** Parsed `x-aegis-findings`; undefined when the header is malformed. */
  readonly findings: readonly Finding[] | undefined;
}
