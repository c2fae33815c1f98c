/** Object.freeze under a short name: snapshots are frozen everywhere, and this keeps the bundle small. */
export const freeze: <T>(value: T) => Readonly<T> = Object.freeze;
