// Every operation the portal sends. GraphQL Code Generator reads the graphql(`…`) calls here and
// types them (src/gql/); the build ships each as a persisted document (schema/usage/portal.persisted.json).
import { graphql } from './gql';

export const ProgrammePageQuery = graphql(`
  query PortalProgramme {
    programme {
      name
      shortName
      milestones {
        id
        year
        goal
        source {
          excerpt
          article {
            id
            label
            publisher
            publishedOn
          }
        }
      }
      keyFigures {
        id
        name
        value
        unit
      }
      meetings {
        id
        date
        title
        summary
        region {
          code
          name
        }
      }
      inspectionRounds {
        id
        startedOn
        focus
        teams
        cities
        counties
      }
      assistancePairings {
        id
        helpers
        scheme
        units
        cadres
        periodStart
        periodEnd
        helpedRegions {
          code
          name
        }
      }
    }
  }
`);

// One count per department and per year (aliases of one list); facets on measures(filter:) will replace them.
export const MeasureCountsQuery = graphql(`
  query PortalMeasureCounts {
    all: measures(first: 1) {
      totalCount
    }
    programme: measures(first: 1, filter: { department: PROGRAMME }) {
      totalCount
    }
    education: measures(first: 1, filter: { department: EDUCATION }) {
      totalCount
    }
    health: measures(first: 1, filter: { department: HEALTH }) {
      totalCount
    }
    transport: measures(first: 1, filter: { department: TRANSPORT }) {
      totalCount
    }
    civilAffairs: measures(first: 1, filter: { department: CIVIL_AFFAIRS }) {
      totalCount
    }
    finance: measures(first: 1, filter: { department: FINANCE }) {
      totalCount
    }
    y2023: measures(first: 1, filter: { year: 2023 }) {
      totalCount
    }
    y2024: measures(first: 1, filter: { year: 2024 }) {
      totalCount
    }
    y2025: measures(first: 1, filter: { year: 2025 }) {
      totalCount
    }
    y2026: measures(first: 1, filter: { year: 2026 }) {
      totalCount
    }
    y2027: measures(first: 1, filter: { year: 2027 }) {
      totalCount
    }
    y2035: measures(first: 1, filter: { year: 2035 }) {
      totalCount
    }
  }
`);

export const RegionPageQuery = graphql(`
  query PortalRegion($code: ID!, $after: String) {
    region(code: $code) {
      code
      name
      fullName
      level
      ancestors {
        code
        name
        level
      }
      children {
        code
        name
        level
      }
      fundingLines(first: 50) {
        id
        amount
        unit
        purpose
        year
        excerpt
        measureId
        region {
          code
          name
        }
      }
      measures(first: 40, after: $after, filter: { scope: APPLIES }) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          id
          title
          department
          level
          category
          issuer
          publishedOn
          period {
            startYear
            endYear
          }
          source {
            excerptSimplified
            headline
            label
            publisher
            article {
              id
              label
              publisher
              publishedOn
            }
          }
          targets {
            id
            indicator
            value
            unit
            year
            comparator
            progress {
              latestValue
              observedOn
              ratio
            }
          }
        }
      }
    }
  }
`);

export const SearchQuery = graphql(`
  query PortalSearch($filter: MeasureFilter, $after: String) {
    measures(first: 20, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        cursor
        node {
          id
          title
          department
          level
          category
          issuer
          publishedOn
          period {
            startYear
            endYear
          }
          source {
            publisher
            headline
            label
          }
        }
      }
    }
  }
`);

export const MeasurePageQuery = graphql(`
  query PortalMeasure($id: ID!) {
    measure(id: $id) {
      __typename
      id
      title
      originalTitle
      department
      issuer
      responsibleBody
      category
      level
      publishedOn
      points
      archived
      version
      updatedAt
      period {
        startYear
        endYear
      }
      regions {
        code
        name
        level
      }
      funding {
        id
        amount
        unit
        purpose
        year
        region {
          code
          name
        }
      }
      source {
        excerpt
        excerptSimplified
        headline
        label
        publisher
        article {
          id
          label
          headline
          publisher
          publishedOn
          language
          script
        }
      }
      targets {
        id
        indicator
        value
        unit
        year
        comparator
        excerpt
        baseline {
          value
          year
        }
        progress {
          latestValue
          observedOn
          ratio
        }
        observations {
          id
          observedOn
          value
          note
          source
        }
      }
      ... on ProgrammeMeasure {
        leadDepartment
      }
      ... on EducationMeasure {
        stages
        pairedCounties
        pairedInstitutions
      }
      ... on HealthMeasure {
        programmes
        structure {
          overallGoals
          projects
          subProjects
        }
      }
      ... on TransportMeasure {
        modes
      }
      ... on CivilAffairsMeasure {
        beneficiaries
      }
      ... on FinanceMeasure {
        instruments
      }
    }
  }
`);
