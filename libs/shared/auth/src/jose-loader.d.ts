/** The `jose` module, loaded once (see jose-loader.js for why it is loaded this way). */
export declare function loadJose(): Promise<typeof import('jose')>;
