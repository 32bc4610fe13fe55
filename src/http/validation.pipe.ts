import { ValidationPipe } from '@nestjs/common';

/** Global validation: unknown fields are errors, values are converted to their DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, transformOptions: { enableImplicitConversion: false } });
}
