import type { Training } from '../training.js';

/**
 * The number of the next round: past the last completed one and past any round the sites were asked for. A round the
 * coordinator asked for and never closed (it stopped or crashed meanwhile, or the step failed after the requests went
 * out) may have been served: a site serves a round number once and refuses it again ("no replaying rounds"), so that
 * number is spent and the training goes on with the next. Sites serve a later round than their last, and their round
 * budget counts the rounds served, not the numbers: the lost round counts against it as the site served it.
 */
export function nextRound(t: Pick<Training, 'currentRound' | 'roundAsked'>): number {
  return Math.max(t.currentRound, t.roundAsked ?? 0) + 1;
}

/** The rounds asked for and never closed, between the last completed round and `round` (for the log). */
export function lostRounds(t: Pick<Training, 'currentRound'>, round: number): number[] {
  return Array.from({ length: Math.max(0, round - t.currentRound - 1) }, (_, i) => t.currentRound + 1 + i);
}

/** Why a training whose last round was lost cannot go on: its round numbers are used up (the sites' budgets with them). */
export function lastRoundLost(t: Pick<Training, 'currentRound' | 'rounds'>): string {
  const lost = lostRounds(t, t.rounds + 1);
  return (
    `round ${lost.join(', ')} was asked for and never closed (the coordinator stopped or the step failed mid-round) and ` +
    `the training has ${t.rounds} rounds: none is left to ask for (a site serves a round once); the model of round ${t.currentRound} is kept`
  );
}
