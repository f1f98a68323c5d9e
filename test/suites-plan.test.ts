// The run plan's budget rule (suites/support/plan.ts): the suites' requests go out together only when all of them
// fit the budget with the walk's full share to spare; otherwise each suite sends its own in turn, as before.
import { describe, expect, test } from 'vitest';
import { planMode } from '../suites/support/plan.ts';
import { FOLLOW_MAX_STEPS, WALK_MAX_REQUESTS, WALK_PAGES_AT_MOST, walkFixedRequestsAtMost } from '../suites/support/walk-requests.ts';

describe('planMode', () => {
  test('the default budget leaves room: concurrent', () => {
    expect(planMode(398, 160)).toBe('concurrent');
  });

  test('concurrent exactly when three walk shares are left after the plan', () => {
    expect(planMode(160 + 3 * WALK_MAX_REQUESTS, 160)).toBe('concurrent');
    expect(planMode(160 + 3 * WALK_MAX_REQUESTS - 1, 160)).toBe('in-turn');
  });

  test('a tight --max-requests: in turn', () => {
    expect(planMode(58, 160)).toBe('in-turn');
    expect(planMode(0, 0)).toBe('in-turn');
  });

  test('concurrent mode can never overspend: plan plus the walk pages stay within what is left', () => {
    for (const planned of [0, 50, 160, 400]) {
      const left = planned + 3 * WALK_MAX_REQUESTS;
      expect(planMode(left, planned)).toBe('concurrent');
      expect(planned + WALK_PAGES_AT_MOST).toBeLessThanOrEqual(left);
    }
  });

  test('the walk suite plans for its follow-next chains', () => {
    // the head (FOLLOW_MAX_STEPS steps, each maybe asked twice with per_page put back) and the tail's
    expect(walkFixedRequestsAtMost()).toBeGreaterThanOrEqual(2 * FOLLOW_MAX_STEPS + 2);
  });
});
