/** A source type's name in both languages: `source.<type>` in its messages (as the pages say it), else its label. */
import type { Texts } from '../codes/entry.ts';
import type { SourceType } from './types.ts';

const nameIn = (type: SourceType, locale: keyof Texts) => type.messages?.[locale]?.[`source.${type.type}`] ?? type.label;

export const typeName = (type: SourceType): Texts => ({ en: nameIn(type, 'en'), 'zh-CN': nameIn(type, 'zh-CN') });
