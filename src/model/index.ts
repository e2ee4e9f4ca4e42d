// The engine's public surface (src/index.ts re-exports it with the rest of the toolkit). The engine's tests
// import from here: the toolkit's barrel loads mathjs, Arrow and the analyses, ten times the engine's start-up.
export * from './layout.ts';
export * from './lifeTable.ts';
export * from './standards.ts';
export * from './schedules.ts';
export * from './params.ts';
export * from './settlementGroups.ts';
export * from './workspace.ts';
export * from './indicators.ts';
export * from './step.ts';
export * from './project.ts';
export * from './baseline.ts';
export * from './eligibility.ts';
export * from './capacity.ts';
export * from './cost.ts';
export * from './normalCdf.ts';
