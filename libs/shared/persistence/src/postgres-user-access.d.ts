/** Under root, lets every user traverse each folder from `dir` up to `/`; returns the folders changed. */
export declare function letPostgresUserReach(dir: string): string[];
