/** Example operations shown in the gateway's GraphiQL, one for each kind of user. */
export const EXPLORER_DEFAULT_QUERY = `# The Hundred-Thousand Project policy graph (百县千镇万村高质量发展工程).
# Press the run button, or try the queries in README.md.

query FoshanAndItsDistricts {
  region(code: "440600") {
    code
    name
    areaName
    children { code name }
  }
}
`;
