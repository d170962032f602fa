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

// The counts by department and by year: the facets of the whole list, one request and one statement.
export const MeasureFacetsQuery = graphql(`
  query PortalMeasureFacets {
    measures(first: 0) {
      totalCount
      facets {
        departments {
          value
          count
        }
        years {
          value
          count
        }
      }
    }
  }
`);

export const RegionPageQuery = graphql(`
  query PortalRegion($code: ID!, $after: String) {
    region(code: $code) {
      code
      name
      fullName
      pinyin
      level
      keyFigures {
        id
        name
        value
        unit
        source {
          excerpt
          article {
            label
            publisher
            publishedOn
          }
        }
      }
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
          titleIsTranslation
          originalTitle
          originalTitleLanguage
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
            excerpt
            excerptSimplified
            headline
            label
            publisher
            article {
              label
              publisher
              publishedOn
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
      facets {
        departments {
          value
          count
        }
        levels {
          value
          count
        }
        years {
          value
          count
        }
        categories {
          value
          count
        }
        regionLevels {
          value
          count
        }
      }
      edges {
        cursor
        node {
          id
          title
          titleIsTranslation
          originalTitle
          originalTitleLanguage
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
            article {
              label
              publisher
              publishedOn
            }
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
      titleIsTranslation
      originalTitle
      originalTitleLanguage
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
          label
          headline
          subheadline
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

// A region by its name in characters (Simplified or Traditional), pinyin or initials: 德庆县 by deqing or dqx.
export const RegionFinderQuery = graphql(`
  query PortalRegionFinder($name: String!) {
    regions(name: $name, first: 10) {
      totalCount
      nodes {
        code
        name
        fullName
        pinyin
        level
      }
    }
  }
`);
