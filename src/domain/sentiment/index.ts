export * from './news.js';
export * from './lexicon.js';
export * from './text.js';
export * from './reasons.js';
export * from './score.js';
