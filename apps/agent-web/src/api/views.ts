import type { Api, BodyInputOf, ResponseOf, SavedViewDto } from '@parley/protocol';
import { http } from './http';

export type SavedViewBody = BodyInputOf<Api['createSavedView']>;
export type SavedViewPatch = BodyInputOf<Api['updateSavedView']>;

export const listSavedViews = () => http.request<ResponseOf<Api['listSavedViews']>>('GET', '/views');
export const createSavedView = (body: SavedViewBody) => http.request<SavedViewDto>('POST', '/views', body);
export const updateSavedView = (id: number, body: SavedViewPatch) => http.request<SavedViewDto>('PATCH', `/views/${id}`, body);
export const deleteSavedView = (id: number) => http.request('DELETE', `/views/${id}`);
