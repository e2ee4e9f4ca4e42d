/**
 * A path as one shell word in a line the user may paste: as it is (Chinese letters included), or single-quoted where
 * the shell would split or expand it.
 *
 * @example
 * shellWord('my city.yaml'); // "'my city.yaml'"
 * shellWord('大连.yaml');     // '大连.yaml'
 */
export const shellWord = (path: string): string => (/[\s'"\\$`!*?&;|<>(){}[\]#~]/.test(path) ? `'${path.replaceAll("'", "'\\''")}'` : path);
