/** The Alpaca client's masking of its key id and secret: the one Redactor (src/infra/log/redact.ts). */
export { Redactor } from '../log/redact.js';
