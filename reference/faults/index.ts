/**
 * Every fault entry, loaded for its side effect of registering itself (reference/faults/registry.ts holds the
 * hook pipeline and the registry). A new bug goes into the file of its requirement area.
 */
import './pagination.ts';
import './links.ts';
import './walk.ts';
import './past-end.ts';
import './schema.ts';
import './records.ts';
import './auth.ts';
import './validation.ts';
import './headers.ts';

export * from './registry.ts';
