import type { CannedResponseDto, CustomStatusDto, DepartmentDto } from '@parley/protocol';
import type { CannedResponse } from './canned-response.entity.js';
import type { CustomStatus } from './custom-status.entity.js';
import type { Department } from './department.entity.js';

export function presentDepartment(d: Department): DepartmentDto {
  return { id: d.id, name: d.name, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}

export function presentCustomStatus(s: CustomStatus): CustomStatusDto {
  return { id: s.id, name: s.name, baseStatus: s.baseStatus, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

export function presentCannedResponse(c: CannedResponse): CannedResponseDto {
  return {
    id: c.id,
    title: c.title,
    body: c.body,
    departmentId: c.department ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
