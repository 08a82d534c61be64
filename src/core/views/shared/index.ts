// Helpers every view shares: times, status looks, counts and totals, buttons and paging, "Show query", partial banner.
export * from './buttons';
export * from './frame';
export * from './page-size';
export * from './partial';
export * from './query';
export * from './status';
export * from './time';
export * from './words';
