import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { isLanguage } from '../../domain/language';
import type { RatingStore } from '../../domain/ports';
import { isRatingChoice, RATING_KEEP_DAYS, type Rating, type RatingMonth } from '../../domain/rating';
import type { DynamoDBDocument } from './client';
import { TTL_ATTRIBUTE } from './table';

/*
 * Keys (README "Access patterns"):
 *   rating  PK=RATING#<YYYY-MM>  SK=<reference>  choice, comment, institution, language, requester, at
 *           TTL two years after it was given (RATING_KEEP_DAYS)
 * The month is the one the request was answered in (signed into the link), so a request has one
 * row whatever month it is rated or re-rated in, and a month's page is one Query of its partition.
 */

const keyOf = (month: RatingMonth, reference: string) => ({ PK: `RATING#${month}`, SK: reference });

function ratingOf(item: Record<string, unknown>): Rating | undefined {
  const month = String(item.PK).slice('RATING#'.length) as RatingMonth;
  if (!isRatingChoice(item.choice) || !isLanguage(item.language)) return undefined;
  return {
    reference: String(item.SK),
    month,
    choice: item.choice,
    comment: typeof item.comment === 'string' ? item.comment : null,
    institution: String(item.institution),
    language: item.language,
    requester: String(item.requester),
    at: String(item.at),
  };
}

export class DynamoDbRatingStore implements RatingStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async put(rating: Rating): Promise<void> {
    const { month, reference, ...rest } = rating;
    await this.client.put({
      TableName: this.tableName,
      Item: {
        ...keyOf(month, reference),
        type: 'rating',
        ...rest,
        [TTL_ATTRIBUTE]: Math.floor(Date.parse(rest.at) / 1000) + RATING_KEEP_DAYS * 86_400,
      },
    });
  }

  async ofMonth(month: RatingMonth): Promise<Rating[]> {
    const found: Rating[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `RATING#${month}` },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) {
        const rating = ratingOf(item);
        if (rating) found.push(rating);
      }
    return found;
  }
}
