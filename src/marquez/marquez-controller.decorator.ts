import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiSecurity, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { MarquezErrorDto, MARQUEZ_RATE_LIMITED } from './dto/marquez-responses.dto.js';

/** Marquez's API prefix: its clients and web UI call `<base>/api/v1/…`. */
export const MARQUEZ_ROUTE = 'api/v1';

/**
 * A controller on Marquez's paths: its Swagger tag, the API key schemes, and
 * the answers every Marquez-compatible route may give in Marquez's error
 * shape (400 naming the parameter, 401 without the key, 429).
 */
export function MarquezController(): ClassDecorator {
  return applyDecorators(
    ApiTags('marquez'),
    ApiSecurity('api-key'),
    ApiBearerAuth('bearer'),
    ApiBadRequestResponse({ type: MarquezErrorDto, description: 'Invalid or unknown parameter: code VALIDATION_FAILED, the message names it and the allowed values' }),
    ApiUnauthorizedResponse({ type: MarquezErrorDto, description: 'API key missing or wrong (when API_KEYS is set): code LINEAGE_API_KEY_REQUIRED' }),
    ApiTooManyRequestsResponse(MARQUEZ_RATE_LIMITED),
    Controller(MARQUEZ_ROUTE),
  );
}
