import { Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { MarquezController } from './marquez-controller.decorator.js';
import { NoQueryDto } from '../common/no-query.dto.js';
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

const NAMESPACE_PARAM = { name: 'namespace', description: 'Namespace name (a URI such as teradata://host:1025 is written URL-encoded)', example: 'food_delivery' };

const page = (q: MarquezPageDto): Page => ({ limit: q.limit ?? 100, offset: q.offset ?? 0 });

/** Namespaces, datasets, jobs and runs, on Marquez's paths and in its shapes (read only). */
@MarquezController()
export class MarquezMetadataController {
  constructor(private readonly metadata: MarquezMetadataService) {}

  @Get('namespaces')
  @ApiOperation({ summary: 'Namespaces (Marquez getNamespaces)' })
  @ApiOkResponse({ type: MarquezNamespaceListDto, description: 'One page of namespaces, by name' })
  namespaces(@Query() query: MarquezPageDto) {
    return this.metadata.namespaces(page(query));
  }

  @Get('namespaces/:namespace')
  @ApiOperation({ summary: 'One namespace (Marquez getNamespace)' })
  @ApiParam(NAMESPACE_PARAM)
  @ApiOkResponse({ type: MarquezNamespaceDto, description: 'The namespace' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace: code LINEAGE_NODE_NOT_FOUND' })
  namespace(@Param('namespace') namespace: string, @Query() _query: NoQueryDto) {
    return this.metadata.namespace(namespace);
  }

  @Get('namespaces/:namespace/datasets')
  @ApiOperation({ summary: 'Datasets of a namespace, by name (Marquez getDatasets)' })
  @ApiParam(NAMESPACE_PARAM)
  @ApiOkResponse({ type: MarquezDatasetListDto, description: 'One page of the datasets of the namespace' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace: code LINEAGE_NODE_NOT_FOUND' })
  datasets(@Param('namespace') namespace: string, @Query() query: MarquezPageDto) {
    return this.metadata.datasets(namespace, page(query));
  }

  @Get('namespaces/:namespace/datasets/:dataset')
  @ApiOperation({ summary: 'One dataset with its fields (Marquez getDataset)' })
  @ApiParam(NAMESPACE_PARAM)
  @ApiParam({ name: 'dataset', description: 'Dataset name', example: 'public.delivery_7_days' })
  @ApiOkResponse({ type: MarquezDatasetDto, description: 'The dataset' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace or dataset: code LINEAGE_NODE_NOT_FOUND' })
  dataset(@Param('namespace') namespace: string, @Param('dataset') dataset: string, @Query() _query: NoQueryDto) {
    return this.metadata.dataset(namespace, dataset);
  }

  @Get('namespaces/:namespace/datasets/:dataset/versions')
  @ApiOperation({ summary: 'Versions of a dataset (Marquez getDatasetVersions): always none, the store keeps no dataset versions' })
  @ApiParam(NAMESPACE_PARAM)
  @ApiParam({ name: 'dataset', description: 'Dataset name', example: 'public.delivery_7_days' })
  @ApiOkResponse({ type: MarquezDatasetVersionListDto, description: 'No versions' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace or dataset: code LINEAGE_NODE_NOT_FOUND' })
  datasetVersions(@Param('namespace') namespace: string, @Param('dataset') dataset: string, @Query() _query: MarquezPageDto) {
    return this.metadata.datasetVersions(namespace, dataset);
  }

  @Get('namespaces/:namespace/jobs')
  @ApiOperation({ summary: 'Jobs of a namespace, by name, with their inputs, outputs and latest run (Marquez getJobs)' })
  @ApiParam(NAMESPACE_PARAM)
  @ApiOkResponse({ type: MarquezJobListDto, description: 'One page of the jobs of the namespace' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace: code LINEAGE_NODE_NOT_FOUND' })
  jobs(@Param('namespace') namespace: string, @Query() query: MarquezPageDto) {
    return this.metadata.jobs(namespace, page(query));
  }

  @Get('namespaces/:namespace/jobs/:job')
  @ApiOperation({ summary: 'One job (Marquez getJob)' })
  @ApiParam(NAMESPACE_PARAM)
  @ApiParam({ name: 'job', description: 'Job name', example: 'etl_delivery_7_days' })
  @ApiOkResponse({ type: MarquezJobDto, description: 'The job' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace or job: code LINEAGE_NODE_NOT_FOUND' })
  job(@Param('namespace') namespace: string, @Param('job') job: string, @Query() _query: NoQueryDto) {
    return this.metadata.job(namespace, job);
  }

  @Get('namespaces/:namespace/jobs/:job/runs')
  @ApiOperation({ summary: 'Runs of a job, newest first (Marquez getRuns)' })
  @ApiParam(NAMESPACE_PARAM)
  @ApiParam({ name: 'job', description: 'Job name', example: 'etl_delivery_7_days' })
  @ApiOkResponse({ type: MarquezRunListDto, description: 'One page of the runs of the job, newest first' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace or job: code LINEAGE_NODE_NOT_FOUND' })
  runs(@Param('namespace') namespace: string, @Param('job') job: string, @Query() query: MarquezPageDto) {
    return this.metadata.runs(namespace, job, page(query));
  }

  @Get('tags')
  @ApiOperation({ summary: 'Tags (Marquez getTags): always none, tags are not kept; answered so that Marquez\'s web UI finds the list it asks for' })
  @ApiOkResponse({ type: MarquezTagListDto, description: 'No tags' })
  tags(@Query() _query: MarquezPageDto): MarquezTagListDto {
    return { tags: [] };
  }

  @Get(['jobs/runs/:id', 'runs/:id'])
  @ApiOperation({ summary: 'One run (Marquez getRun; /runs/{id} is an alias of /jobs/runs/{id})' })
  @ApiParam({ name: 'id', description: 'Run id (a UUID)', example: 'ea9badc5-7cb2-49af-9a9f-155771d3a797' })
  @ApiOkResponse({ type: MarquezRunDto, description: 'The run' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such run: code LINEAGE_NODE_NOT_FOUND' })
  run(@Param('id') id: string, @Query() _query: NoQueryDto) {
    return this.metadata.run(id);
  }
}
