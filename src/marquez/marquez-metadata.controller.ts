import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { MarquezPageDto } from './dto/marquez-query.dto.js';
import {
  MarquezDatasetDto,
  MarquezDatasetListDto,
  MarquezDatasetVersionListDto,
  MarquezErrorDto,
  MarquezJobDto,
  MarquezJobListDto,
  MarquezNamespaceDto,
  MarquezNamespaceListDto,
  MarquezRunDto,
  MarquezRunListDto,
  MarquezTagListDto,
} from './dto/marquez-responses.dto.js';
import { MarquezMetadataService, type Page } from './marquez-metadata.service.js';

/** Marquez's API prefix: its clients and web UI call `<base>/api/v1/…`. */
export const MARQUEZ_ROUTE = 'api/v1';

const page = (q: MarquezPageDto): Page => ({ limit: q.limit ?? 100, offset: q.offset ?? 0 });

/** Namespaces, datasets, jobs and runs, on Marquez's paths and in its shapes (read only). */
@ApiTags('marquez')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiBadRequestResponse({ type: MarquezErrorDto, description: 'Invalid parameter (the message names it and the allowed values)' })
@ApiUnauthorizedResponse({ type: MarquezErrorDto, description: 'API key missing or wrong (when API_KEYS is set)' })
@Controller(MARQUEZ_ROUTE)
export class MarquezMetadataController {
  constructor(private readonly metadata: MarquezMetadataService) {}

  @Get('namespaces')
  @ApiOperation({ summary: 'Namespaces (Marquez getNamespaces)' })
  @ApiOkResponse({ type: MarquezNamespaceListDto })
  namespaces(@Query() query: MarquezPageDto) {
    return this.metadata.namespaces(page(query));
  }

  @Get('namespaces/:namespace')
  @ApiOperation({ summary: 'One namespace (Marquez getNamespace)' })
  @ApiParam({ name: 'namespace', example: 'food_delivery' })
  @ApiOkResponse({ type: MarquezNamespaceDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  namespace(@Param('namespace') namespace: string) {
    return this.metadata.namespace(namespace);
  }

  @Get('namespaces/:namespace/datasets')
  @ApiOperation({ summary: 'Datasets of a namespace, by name (Marquez getDatasets)' })
  @ApiOkResponse({ type: MarquezDatasetListDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  datasets(@Param('namespace') namespace: string, @Query() query: MarquezPageDto) {
    return this.metadata.datasets(namespace, page(query));
  }

  @Get('namespaces/:namespace/datasets/:dataset')
  @ApiOperation({ summary: 'One dataset with its fields (Marquez getDataset)' })
  @ApiParam({ name: 'dataset', example: 'public.delivery_7_days' })
  @ApiOkResponse({ type: MarquezDatasetDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  dataset(@Param('namespace') namespace: string, @Param('dataset') dataset: string) {
    return this.metadata.dataset(namespace, dataset);
  }

  @Get('namespaces/:namespace/datasets/:dataset/versions')
  @ApiOperation({ summary: 'Versions of a dataset (Marquez getDatasetVersions): always none, the store keeps no dataset versions' })
  @ApiOkResponse({ type: MarquezDatasetVersionListDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  datasetVersions(@Param('namespace') namespace: string, @Param('dataset') dataset: string, @Query() _query: MarquezPageDto) {
    return this.metadata.datasetVersions(namespace, dataset);
  }

  @Get('namespaces/:namespace/jobs')
  @ApiOperation({ summary: 'Jobs of a namespace, by name, with their inputs, outputs and latest run (Marquez getJobs)' })
  @ApiOkResponse({ type: MarquezJobListDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  jobs(@Param('namespace') namespace: string, @Query() query: MarquezPageDto) {
    return this.metadata.jobs(namespace, page(query));
  }

  @Get('namespaces/:namespace/jobs/:job')
  @ApiOperation({ summary: 'One job (Marquez getJob)' })
  @ApiParam({ name: 'job', example: 'etl_delivery_7_days' })
  @ApiOkResponse({ type: MarquezJobDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  job(@Param('namespace') namespace: string, @Param('job') job: string) {
    return this.metadata.job(namespace, job);
  }

  @Get('namespaces/:namespace/jobs/:job/runs')
  @ApiOperation({ summary: 'Runs of a job, newest first (Marquez getRuns)' })
  @ApiOkResponse({ type: MarquezRunListDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  runs(@Param('namespace') namespace: string, @Param('job') job: string, @Query() query: MarquezPageDto) {
    return this.metadata.runs(namespace, job, page(query));
  }

  @Get('tags')
  @ApiOperation({ summary: 'Tags (Marquez getTags): always none, tags are not kept; answered so that Marquez\'s web UI finds the list it asks for' })
  @ApiOkResponse({ type: MarquezTagListDto })
  tags(@Query() _query: MarquezPageDto): MarquezTagListDto {
    return { tags: [] };
  }

  @Get(['jobs/runs/:id', 'runs/:id'])
  @ApiOperation({ summary: 'One run (Marquez getRun; /runs/{id} is an alias of /jobs/runs/{id})' })
  @ApiParam({ name: 'id', example: 'ea9badc5-7cb2-49af-9a9f-155771d3a797' })
  @ApiOkResponse({ type: MarquezRunDto })
  @ApiNotFoundResponse({ type: MarquezErrorDto })
  run(@Param('id') id: string) {
    return this.metadata.run(id);
  }
}
