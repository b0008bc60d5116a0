import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { search } from './search.service.js';

export function registerSearchRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.search, ({ scope, query }) => search(scope, query));
}
