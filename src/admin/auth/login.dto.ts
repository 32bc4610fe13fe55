import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The login form (application/x-www-form-urlencoded). */
export class LoginFormDto {
  @IsString()
  @MaxLength(200)
  username: string;

  @IsString()
  @MaxLength(1000)
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  next?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}

/** Any form that carries nothing but its CSRF token (logout, re-check, apply). */
export class CsrfOnlyFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}
