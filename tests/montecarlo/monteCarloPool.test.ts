import { describe, expect, it } from 'vitest';
import { monteCarloPool } from '../../src/montecarlo/monteCarloPool.ts';

describe('monteCarloPool', () => {
  it('hears the pool-level error piscina emits for a result no task awaits (else an uncaught exception)', async () => {
    const pool = monteCarloPool(2);
    try {
      // An EventEmitter without an 'error' listener throws the error it emits.
      expect(() => pool.emit('error', new Error('Unexpected message from Worker: { taskId: 7 }'))).not.toThrow();
    } finally {
      await pool.destroy();
    }
  });
});
