// The apply_patch engine: parse (one-shot or streaming), plan against a workspace, report.
// Pure TypeScript: nothing here imports `vscode` or Node built-ins. The Node file-system pieces
// (NodeWorkspace, applyPlanToDisk) live in src/node/patch/.

export * from './patchTypes';
export * from './patchParser';
export * from './streamingPatchParser';
export * from './chunkLocator';
export * from './chunkApplier';
export * from './textModel';
export * from './patchPaths';
export * from './patchWorkspace';
export * from './patchPlanner';
export * from './patchResult';
export * from './applyPatchGrammar';
export * from './multiRootWorkspace';
export * from './planStaleness';
export * from './editorEditPlan';
