import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A ticker's at-the-money implied vol on one New York trading day (its first reading of the day): IV rank's history. */
export const IvObservationRow = defineEntity({
  name: 'IvObservationRow',
  tableName: 'iv_observation',
  properties: (p) => ({
    ticker: p.string().length(16).primary(),
    /** YYYY-MM-DD, New York. */
    date: p.string().length(10).primary(),
    iv: p.double().runtimeType('number').$type<number>(),
  }),
});

export type IvObservationRow = InferEntity<typeof IvObservationRow>;
