import type { TrainingHead } from '../training.js';
import { modelFileOf } from './model-file.js';
import { tfjsModelFileOf } from './tfjs-model-file.js';

/** The export formats of a trained model (`GET …/model?format=`): Kontor's JSON model file and the TF.js layers model. */
export const EXPORT_FORMATS = ['json', 'tfjs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedModel {
  format: ExportFormat;
  bytes: Buffer;
  sha256: string;
}

/** One export of the final model: exact bytes (fixed by the model) and their SHA-256. */
export function exportModelFile(t: TrainingHead, format: ExportFormat, modelHash: (p: readonly number[]) => string): ExportedModel {
  const { bytes, sha256 } = format === 'tfjs' ? tfjsModelFileOf(t, t.global, modelHash) : modelFileOf(t, t.global, modelHash);
  return { format, bytes, sha256 };
}

/** The credential's `modelFiles`: the SHA-256 of the model file in every export format, so any exported copy is recognised. */
export function modelFileHashes(t: TrainingHead, modelHash: (p: readonly number[]) => string): { format: ExportFormat; sha256: string }[] {
  return EXPORT_FORMATS.map((format) => ({ format, sha256: exportModelFile(t, format, modelHash).sha256 }));
}
