import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One group of the stand-in's REST endpoints: answers the request and resolves true when the path
 * is one of its own, else resolves false without touching the response (the server tries the next).
 * `url` is the request's parsed URL (path and query).
 */
export type StandinRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
