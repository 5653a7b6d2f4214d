import { VENUE_TYPES, type Rubric, type VenueType } from "@assess/domain";

const annexOrder = (a: Rubric, b: Rubric) =>
  a.year - b.year || VENUE_TYPES.indexOf(a.venueType) - VENUE_TYPES.indexOf(b.venueType);

/** The loaded rubrics, by year and then in annex order (comprehensive centre, sub-centre, convenience centre, station). */
export class RubricCatalog {
  private readonly rubrics: readonly Rubric[];

  constructor(rubrics: readonly Rubric[]) {
    this.rubrics = [...rubrics].sort(annexOrder);
  }

  all(): Rubric[] {
    return [...this.rubrics];
  }

  byCode(code: string): Rubric | undefined {
    return this.rubrics.find((r) => r.code === code);
  }

  byYear(year: number): Rubric[] {
    return this.rubrics.filter((r) => r.year === year);
  }

  forVenue(year: number, venueType: VenueType): Rubric | undefined {
    return this.rubrics.find((r) => r.year === year && r.venueType === venueType);
  }

  years(): number[] {
    return [...new Set(this.rubrics.map((r) => r.year))].sort((a, b) => a - b);
  }
}
