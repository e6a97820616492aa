/** A course as the recommender reads it: objectives with their prerequisites, and content. */
import type { ContentType } from '../course-package/course-package-schema.js';
import type { ItemFormatInfo } from '../knowledge-tracing/item-format-evidence.js';

export interface CatalogObjective {
  id: string;
  title: string;
  position: number;
  prerequisiteIds: readonly string[];
}

export interface CatalogContent {
  id: string;
  type: ContentType;
  title: string;
  objectiveIds: readonly string[];
  difficulty: number | null;
  /** Assessment items: the format (how much a correct answer reveals); absent when unknown. */
  format?: ItemFormatInfo | undefined;
}
