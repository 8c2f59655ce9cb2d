/** The Truce version, as package.json states it (the CLI's --version and the zone cache key). */
export const TRUCE_VERSION = "0.1.0";
