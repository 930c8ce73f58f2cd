import { z } from 'zod';
import { Region } from './fields';

/** GET /api/base-images?region=…: Amazon-provided images to launch a first instance from. */
export const BaseImagesQuerySchema = z.object({ region: Region });

export const BaseImageSchema = z.object({
  imageId: z.string(),
  label: z.string(),
  name: z.string(),
  architecture: z.string().nullable(),
  rootDeviceName: z.string().nullable(),
  rootSizeGiB: z.number().nullable(),
});

export type BaseImage = z.infer<typeof BaseImageSchema>;

export const BaseImagesResponseSchema = z.object({ region: z.string(), images: z.array(BaseImageSchema) });
export type BaseImagesResponse = z.infer<typeof BaseImagesResponseSchema>;
