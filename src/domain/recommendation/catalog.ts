/** A course as the recommender reads it: objectives with their prerequisites, and content. */
import type { ContentType } from '../course-package/course-package-schema.js';

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
}
