import { describe, expect, it } from 'vitest';
import { checkSecureAggregation, secureAggregationThreshold } from './secure-aggregation-plan.js';

describe('plan.secureAggregation', () => {
  it('accepts a threshold between 2 and minSites with FedAvg', () => {
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 2 } }, 3)).not.toThrow();
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 3 }, aggregation: { strategy: 'fedavg' } }, 3)).not.toThrow();
    expect(secureAggregationThreshold({ secureAggregation: { threshold: 3 } })).toBe(3);
    expect(secureAggregationThreshold({})).toBe(0);
  });
  it('refuses robust strategies together with secure aggregation, naming why', () => {
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 2 }, aggregation: { strategy: 'trimmed-mean' } }, 5)).toThrow(
      /aggregation 'trimmed-mean' needs each site's update in the clear, which secure aggregation hides/,
    );
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 2 }, aggregation: { strategy: 'krum' } }, 5)).toThrow(/'krum'/);
  });
  it('refuses a bad threshold or an unknown field', () => {
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 1 } }, 3)).toThrow(/at least 2/);
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 2.5 } }, 3)).toThrow(/integer/);
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 4 } }, 3)).toThrow(/exceeds minSites 3/);
    expect(() => checkSecureAggregation({ secureAggregation: { threshold: 2, dropouts: 1 } as never }, 3)).toThrow(/unknown fields: dropouts/);
  });
});
