/** Faults: Past the end. */
import { defineFault } from './registry.ts';
import { lastPageFor } from './helpers.ts';

defineFault({
  name: 'past-end-404',
  description: 'A page past the end answers 404 {"message":"Not Found"} instead of 200 with empty data.',
  requirementIds: ['PAG-PAST-END'],
  response(draft, ctx) {
    if (draft.status === 200 && ctx.page !== undefined && ctx.lastPage !== undefined && ctx.page > BigInt(ctx.lastPage)) {
      return { ...draft, status: 404, body: '{"message":"Not Found"}' };
    }
    return draft;
  },
});


defineFault({
  name: 'past-end-clamped',
  description: 'A page past the end is clamped to the last page (min(page, last_page)): current_page and data are the last page\'s.',
  requirementIds: ['PAG-PAST-END'],
  params: (ctx, params) => {
    const last = lastPageFor(ctx.total, params.perPage);
    return { page: params.page > last ? last : params.page, perPage: params.perPage };
  },
});

defineFault({
  name: 'past-end-php-warning',
  description: 'Past the end, the controller reads $items[0] and PHP (display_errors on) prints a warning before the JSON.',
  requirementIds: ['HTTP-JSON-BODY', 'SCHEMA-200'],
  response(draft, ctx) {
    if (draft.status !== 200 || ctx.page === undefined || ctx.lastPage === undefined || ctx.page <= BigInt(ctx.lastPage)) return draft;
    const warning = '<br />\n<b>Warning</b>:  Undefined array key 0 in <b>/var/www/app/Http/Controllers/Api/IntercomCodeController.php</b> on line <b>42</b><br />\n';
    return { ...draft, body: warning + draft.body };
  },
});
