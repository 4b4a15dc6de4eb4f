import type { AppContext } from '../../app-context.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import * as classifier from './classifier.service.js';
import {
  category,
  categoryCreate,
  categoryListQuery,
  categoryUpdate,
  group,
  groupCreate,
  groupListQuery,
  groupUpdate,
  product,
  productCreate,
  productListQuery,
  productUpdate,
} from './products.schema.js';
import * as products from './products.service.js';

export function productsRoutes(app: App, ctx: AppContext) {
  const tags = ['products'];

  const categories = '/api/v1/product-categories';
  app.get(categories, { schema: { tags, querystring: categoryListQuery, response: { 200: page(category) } } }, async (req) =>
    classifier.listCategories(ctx, req.query),
  );
  app.get(`${categories}/:id`, { schema: { tags, params: idParams, response: { 200: category } } }, async (req) =>
    classifier.getCategory(ctx, req.params.id),
  );
  app.post(categories, { schema: { tags, body: categoryCreate, response: { 201: category } } }, async (req, reply) => {
    reply.status(201);
    return classifier.createCategory(ctx, actorOf(req), req.body);
  });
  app.patch(`${categories}/:id`, { schema: { tags, params: idParams, body: categoryUpdate, response: { 200: category } } }, async (req) =>
    classifier.updateCategory(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(`${categories}/:id/archive`, { schema: { tags, params: idParams, response: { 200: category } } }, async (req) =>
    classifier.setCategoryArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post(`${categories}/:id/restore`, { schema: { tags, params: idParams, response: { 200: category } } }, async (req) =>
    classifier.setCategoryArchived(ctx, actorOf(req), req.params.id, false),
  );

  const groups = '/api/v1/product-groups';
  app.get(groups, { schema: { tags, querystring: groupListQuery, response: { 200: page(group) } } }, async (req) => classifier.listGroups(ctx, req.query));
  app.get(`${groups}/:id`, { schema: { tags, params: idParams, response: { 200: group } } }, async (req) => classifier.getGroup(ctx, req.params.id));
  app.post(groups, { schema: { tags, body: groupCreate, response: { 201: group } } }, async (req, reply) => {
    reply.status(201);
    return classifier.createGroup(ctx, actorOf(req), req.body);
  });
  app.patch(`${groups}/:id`, { schema: { tags, params: idParams, body: groupUpdate, response: { 200: group } } }, async (req) =>
    classifier.updateGroup(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(`${groups}/:id/archive`, { schema: { tags, params: idParams, response: { 200: group } } }, async (req) =>
    classifier.setGroupArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post(`${groups}/:id/restore`, { schema: { tags, params: idParams, response: { 200: group } } }, async (req) =>
    classifier.setGroupArchived(ctx, actorOf(req), req.params.id, false),
  );

  const items = '/api/v1/products';
  app.get(items, { schema: { tags, querystring: productListQuery, response: { 200: page(product) } } }, async (req) => products.listProducts(ctx, req.query));
  app.get(`${items}/:id`, { schema: { tags, params: idParams, response: { 200: product } } }, async (req) => products.getProduct(ctx, req.params.id));
  app.post(items, { schema: { tags, body: productCreate, response: { 201: product } } }, async (req, reply) => {
    reply.status(201);
    return products.createProduct(ctx, actorOf(req), req.body);
  });
  app.patch(`${items}/:id`, { schema: { tags, params: idParams, body: productUpdate, response: { 200: product } } }, async (req) =>
    products.updateProduct(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(`${items}/:id/archive`, { schema: { tags, params: idParams, response: { 200: product } } }, async (req) =>
    products.setProductArchived(ctx, actorOf(req), req.params.id, true),
  );
  app.post(`${items}/:id/restore`, { schema: { tags, params: idParams, response: { 200: product } } }, async (req) =>
    products.setProductArchived(ctx, actorOf(req), req.params.id, false),
  );
}
