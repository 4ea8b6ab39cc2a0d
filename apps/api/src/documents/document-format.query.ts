import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const DOCUMENT_FORMATS = ['md', 'pdf', 'odt'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** `?format=md|pdf|odt` of a downloadable document (Markdown by default). */
export class DocumentFormatQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_FORMATS, default: 'md' }) @IsOptional() @IsIn(DOCUMENT_FORMATS)
  format?: DocumentFormat;
}

export const DOCUMENT_TYPES: Record<DocumentFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
};
